/** Who is at the door: the headers better-auth reads, and the client address the limits count by. */
export interface Client {
  headers: Headers;
  ip: string;
}

export function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie();
}

/** better-auth's refusal, as far as it says: its code and message. */
export async function errorOf(res: Response): Promise<{ code?: string; message?: string }> {
  try {
    return (await res.json()) as { code?: string; message?: string };
  } catch {
    return {};
  }
}

export const HOUR = 3_600_000;
