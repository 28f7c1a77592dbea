/**
 * A log-log line chart of the scaling curves as SVG text, written here rather than with a plotting library: the
 * output is a pure function of the numbers (fixed rounding, no fonts measured, no timestamps), so a re-run with
 * the same figures writes the same bytes.
 */
export interface Series {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
}

const W = 720;
const H = 440;
const PAD = { left: 70, right: 170, top: 40, bottom: 50 };
const f = (n: number) => n.toFixed(1);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

export function scalingSvg(title: string, xLabel: string, yLabel: string, series: readonly Series[]): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((y) => y > 0);
  const xTicks = decades(Math.min(...xs), Math.max(...xs));
  const yTicks = decades(Math.min(...ys), Math.max(...ys));
  const [x0, x1] = [Math.log10(xTicks[0]!), Math.log10(xTicks[xTicks.length - 1]!)];
  const [y0, y1] = [Math.log10(yTicks[0]!), Math.log10(yTicks[yTicks.length - 1]!)];
  const px = (x: number) => PAD.left + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - ((Math.log10(Math.max(y, yTicks[0]!)) - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>`,
  ];
  for (const t of xTicks) out.push(`<line x1="${f(px(t))}" y1="${PAD.top}" x2="${f(px(t))}" y2="${H - PAD.bottom}" stroke="#ddd"/>`, `<text x="${f(px(t))}" y="${H - PAD.bottom + 16}" text-anchor="middle">${t.toLocaleString('en-US')}</text>`);
  for (const t of yTicks) out.push(`<line x1="${PAD.left}" y1="${f(py(t))}" x2="${W - PAD.right}" y2="${f(py(t))}" stroke="#ddd"/>`, `<text x="${PAD.left - 6}" y="${f(py(t) + 4)}" text-anchor="end">${t >= 1000 ? `${t / 1000} s` : `${t} ms`}</text>`);
  out.push(
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 12}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(16 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const pts = s.points.filter((p) => p[1] > 0);
    if (pts.length) out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map((p) => `${f(px(p[0]))},${f(py(p[1]))}`).join(' ')}"/>`);
    for (const p of pts) out.push(`<circle cx="${f(px(p[0]))}" cy="${f(py(p[1]))}" r="3" fill="${s.color}"/>`);
    const ly = PAD.top + 10 + i * 20;
    out.push(`<line x1="${W - PAD.right + 14}" y1="${ly}" x2="${W - PAD.right + 34}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`, `<text x="${W - PAD.right + 40}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
