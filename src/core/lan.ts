import { networkInterfaces } from 'node:os'

/**
 * The address of this computer on its local network (the first private IPv4 of an interface that
 * is up), or null without one. A QR code printed by a commune's server must carry an address a
 * phone in the room can open; `localhost` on the phone is the phone itself.
 */
export function lanAddress(): string | null {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? [])
  const v4 = all.filter((a) => a.family === 'IPv4' && !a.internal)
  const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip)
  return (v4.find((a) => isPrivate(a.address)) ?? v4[0])?.address ?? null
}

/** The base URL written into QR codes and certificates when HOCSO_PUBLIC_URL is not set. */
export function fallbackBaseUrl(port: number): string {
  return `http://${lanAddress() ?? 'localhost'}:${port}`
}

/** The address people use to reach this server: HOCSO_PUBLIC_URL, else this computer's on the local network. */
export function publicBaseUrl(config: { publicUrl: string | undefined; port: number }): string {
  return config.publicUrl ?? fallbackBaseUrl(config.port)
}
