// The scanner's QR decoder, off the main thread: loads the decoder's wasm (frontend/decoder)
// when the scanner page asks, then answers each frame with the text of the code in it, or null.
let decoder = null;

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === 'init') {
    try {
      const mod = await import(message.js);
      await mod.default({ module_or_path: message.wasm });
      decoder = mod;
      self.postMessage({ type: 'ready' });
    } catch (error) {
      self.postMessage({ type: 'failed', reason: String(error) });
    }
  } else if (message.type === 'frame') {
    let text = null;
    try {
      if (decoder) text = decoder.decode_qr(message.width, message.height, new Uint8Array(message.pixels)) ?? null;
    } catch (_) {
      // A frame that cannot be read is skipped.
    }
    self.postMessage({ type: 'result', text });
  }
};
