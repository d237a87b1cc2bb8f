/** The error shape of API.md: `{"error": {"code", "message"}}`, thrown as one error type by every app. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The JSON body of a response, or an ApiError carrying the server's code and message. */
export async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text ? safeParse(text) : undefined;
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True when the browser could not reach the server at all (offline, DNS, refused). */
export const isNetworkError = (error: unknown) => error instanceof TypeError;
