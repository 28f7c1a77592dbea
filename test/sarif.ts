/**
 * The SARIF 2.1.0 schema's required fields and value constraints for what slipway writes (sarif-schema-2.1.0.json:
 * sarifLog, run, tool, toolComponent, reportingDescriptor, result, message, location, physicalLocation,
 * artifactLocation, region). Returns every violation.
 */
export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => void (ok || problems.push(what));
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  if (!isObj(log)) return ['log is not an object'];
  need(log.version === '2.1.0', 'version must be "2.1.0"');
  need(log.$schema === undefined || typeof log.$schema === 'string', '$schema must be a URI string');
  need(Array.isArray(log.runs), 'runs is required and an array');
  for (const [r, run] of ((log.runs as unknown[]) ?? []).entries()) {
    if (!isObj(run)) {
      problems.push(`runs[${r}] is not an object`);
      continue;
    }
    const driver = isObj(run.tool) ? run.tool.driver : undefined;
    need(isObj(driver), `runs[${r}].tool.driver is required`);
    if (!isObj(driver)) continue;
    need(typeof driver.name === 'string' && driver.name.length > 0, 'driver.name is required');
    need(driver.version === undefined || typeof driver.version === 'string', 'driver.version is a string');
    const rules = (driver.rules ?? []) as unknown[];
    need(Array.isArray(rules), 'driver.rules is an array');
    const ids = rules.map((d, i) => {
      need(isObj(d) && typeof d.id === 'string', `rules[${i}].id is required`);
      for (const text of ['shortDescription', 'fullDescription', 'help'] as const) {
        const m = isObj(d) ? d[text] : undefined;
        need(m === undefined || (isObj(m) && typeof m.text === 'string'), `rules[${i}].${text} is a message with text`);
      }
      const enabled = isObj(d) && isObj(d.defaultConfiguration) ? d.defaultConfiguration.enabled : undefined;
      need(enabled === undefined || typeof enabled === 'boolean', `rules[${i}] defaultConfiguration.enabled is a boolean`);
      const level = isObj(d) && isObj(d.defaultConfiguration) ? d.defaultConfiguration.level : undefined;
      need(level === undefined || ['none', 'note', 'warning', 'error'].includes(level as string), `rules[${i}] default level`);
      return isObj(d) ? d.id : undefined;
    });
    need(new Set(ids).size === ids.length, 'rule ids are unique');
    need(run.results === undefined || Array.isArray(run.results), 'results is an array');
    for (const [i, res] of ((run.results as unknown[]) ?? []).entries()) {
      const at = `results[${i}]`;
      if (!isObj(res)) {
        problems.push(`${at} is not an object`);
        continue;
      }
      need(isObj(res.message) && (typeof res.message.text === 'string' || typeof res.message.id === 'string'), `${at}.message needs text or id`);
      need(res.level === undefined || ['none', 'note', 'warning', 'error'].includes(res.level as string), `${at}.level`);
      need(res.ruleId === undefined || typeof res.ruleId === 'string', `${at}.ruleId is a string`);
      if (res.ruleIndex !== undefined) need(Number.isInteger(res.ruleIndex) && ids[res.ruleIndex as number] === res.ruleId, `${at}.ruleIndex points at its rule`);
      for (const [j, loc] of ((res.locations as unknown[]) ?? []).entries()) {
        need(isObj(loc), `${at}.locations[${j}] is an object`);
        const logical = isObj(loc) ? loc.logicalLocations : undefined;
        // Every property of a location is optional; those present must be well formed.
        need(logical === undefined || (Array.isArray(logical) && logical.every((l) => isObj(l) && typeof l.fullyQualifiedName === 'string')), `${at}.locations[${j}].logicalLocations`);
        const phys = isObj(loc) ? loc.physicalLocation : undefined;
        need(isObj(phys) || (Array.isArray(logical) && logical.length > 0), `${at}.locations[${j}] names a physical or a logical location`);
        if (!isObj(phys)) continue;
        need(isObj(phys.artifactLocation) || isObj(phys.address), `${at}.locations[${j}].physicalLocation needs artifactLocation or address`);
        const uri = isObj(phys.artifactLocation) ? phys.artifactLocation.uri : undefined;
        need(typeof uri === 'string' && !/\s/.test(uri), `${at}.locations[${j}] uri is a URI reference`);
        if (phys.region !== undefined) {
          const region = phys.region as Record<string, unknown>;
          need(posInt(region.startLine), `${at} region.startLine ≥ 1`);
          need(region.startColumn === undefined || posInt(region.startColumn), `${at} region.startColumn ≥ 1`);
        }
      }
    }
  }
  return problems;
}
