// Opens sealed LogFlux entries in the browser, as client/ LogFluxCrypto seals them: PBKDF2-HMAC-SHA256 (600,000
// iterations, 32-byte salt) derives an AES-256-GCM key; the payload is ciphertext with the 16-byte tag appended;
// payload, IV and salt are base64. The passphrase stays in this page: nothing of it is sent anywhere.
const ITERATIONS = 600000;

const bytes = b64 => Uint8Array.from(atob(b64), c => c.charCodeAt(0));

export async function decrypt({ payload, iv, salt }, passphrase) {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: bytes(salt), iterations: ITERATIONS },
    material, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes(iv), tagLength: 128 }, key, bytes(payload));
    return new TextDecoder().decode(plain);
  } catch {
    throw new Error('Wrong passphrase, or the entry was altered');
  }
}
