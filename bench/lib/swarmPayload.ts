// The benchmark payload: `size` random bytes written through one reused 1 MiB buffer, with the
// reference hashes the WebTorrent leecher checks (payload.sha256 and payload.half.sha256: the
// second half, bytes [size/2, size)), so both systems move the very same file.
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export function makePayload(dir: string, size: number): string {
  const path = join(dir, 'payload.bin');
  const whole = createHash('sha256');
  const half = createHash('sha256');
  const halfStart = Math.floor(size / 2);
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'w');
  try {
    for (let off = 0; off < size; ) {
      const n = Math.min(buf.length, size - off);
      const chunk = randomFillSync(buf, 0, n).subarray(0, n);
      writeSync(fd, chunk);
      whole.update(chunk);
      if (off + n > halfStart) half.update(chunk.subarray(Math.max(0, halfStart - off)));
      off += n;
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(join(dir, 'payload.sha256'), whole.digest('hex') + '\n');
  writeFileSync(join(dir, 'payload.half.sha256'), half.digest('hex') + '\n');
  return path;
}
