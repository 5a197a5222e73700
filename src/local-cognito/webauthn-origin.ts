/**
 * Whether a page at `origin` may use passkeys of the relying party `rpId`: its host is the RP ID or a
 * subdomain of it (as WebAuthn scopes credentials), over https, or over http on localhost only (browsers
 * treat http://localhost as a secure context; any other http page cannot run WebAuthn at all).
 */
export function originAllowed(origin: string, rpId: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An origin is scheme://host[:port], nothing more: a path, credentials or a query mean it is no origin.
  if (url.origin !== origin) return false;
  const host = url.hostname.toLowerCase();
  const rp = rpId.toLowerCase();
  if (!rp || (host !== rp && !host.endsWith(`.${rp}`))) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (host === 'localhost' || host.endsWith('.localhost'));
}
