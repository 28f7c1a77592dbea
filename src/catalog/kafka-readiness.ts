/**
 * Kafka readiness that means "serves requests". The broker binds its listener early (in the SocketServer
 * constructor) but processes requests only once it has caught up with the metadata quorum, so a TCP connect
 * is Ready too early. This check sends one ApiVersions request (api key 18, version 0, which every broker
 * answers, with an error code if it no longer supports v0) and waits for the answer carrying its correlation id.
 * It needs no JVM: bash's /dev/tcp (the image installs bash, apache/kafka docker/jvm/Dockerfile) and head/tail.
 *
 * Request (Kafka protocol guide, "Requests"): int32 size = 17, int16 api_key = 18, int16 api_version = 0,
 * int32 correlation_id = "SLWY", int16 client_id length = 7, "slipway"; ApiVersions v0 has an empty body.
 * Response: int32 size, int32 correlation_id, …; bytes 5–8 are the correlation id.
 */

/** Correlation id as four printable bytes, so the shell compares text and never handles a NUL. */
export const CORRELATION_ID = 'SLWY';

const REQUEST = `\\000\\000\\000\\021\\000\\022\\000\\000${CORRELATION_ID}\\000\\007slipway`;

/** bash script: exit 0 once the broker on 127.0.0.1:`port` has answered an ApiVersions request. */
export function apiVersionsCheck(port: number, host = '127.0.0.1'): string {
  // The probe's timeoutSeconds ends a broker that accepts but never answers.
  return `exec 3<>/dev/tcp/${host}/${port} && printf '${REQUEST}' >&3 && [ "$(head -c 8 <&3 | tail -c 4)" = ${CORRELATION_ID} ]`;
}
