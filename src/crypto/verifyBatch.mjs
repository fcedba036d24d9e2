// Wire format of a verify batch between the main thread and a verify worker: one ArrayBuffer,
// so the batch is transferred (not copied) to the worker.
//   u32 count | count x (u32 pubkeyLen, u32 signatureLen, u32 messageLen) | the bytes, in order
// Plain JavaScript: the worker imports it without a TS loader.

/** Packs items into one transferable buffer. */
export function packBatch(items) {
  let payload = 0;
  for (const it of items) payload += it.pubkey.length + it.signature.length + it.message.length;
  const headerLen = 4 + items.length * 12;
  const buf = new ArrayBuffer(headerLen + payload);
  const view = new DataView(buf);
  const bytes = new Uint8Array(buf);
  view.setUint32(0, items.length, true);
  let h = 4;
  let p = headerLen;
  for (const it of items) {
    view.setUint32(h, it.pubkey.length, true);
    view.setUint32(h + 4, it.signature.length, true);
    view.setUint32(h + 8, it.message.length, true);
    h += 12;
    bytes.set(it.pubkey, p);
    p += it.pubkey.length;
    bytes.set(it.signature, p);
    p += it.signature.length;
    bytes.set(it.message, p);
    p += it.message.length;
  }
  return buf;
}

/** Unpacks a buffer made by packBatch into views over it (no copies). Throws on a bad buffer. */
export function unpackBatch(buf) {
  const view = new DataView(buf);
  const bytes = new Uint8Array(buf);
  const count = view.getUint32(0, true);
  const headerLen = 4 + count * 12;
  if (headerLen > buf.byteLength) throw new RangeError('verify batch header exceeds buffer');
  const items = new Array(count);
  let h = 4;
  let p = headerLen;
  for (let i = 0; i < count; i++) {
    const pk = view.getUint32(h, true);
    const sig = view.getUint32(h + 4, true);
    const msg = view.getUint32(h + 8, true);
    h += 12;
    if (p + pk + sig + msg > buf.byteLength) throw new RangeError('verify batch item exceeds buffer');
    const pubkey = bytes.subarray(p, p + pk);
    const signature = bytes.subarray(p + pk, p + pk + sig);
    const message = bytes.subarray(p + pk + sig, p + pk + sig + msg);
    p += pk + sig + msg;
    items[i] = { pubkey, signature, message };
  }
  return items;
}
