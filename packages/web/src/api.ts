/** Beside the code, which request field a refusal is about, and for a broken input rule which rule and its limit. */
export interface ErrorDetails {
  /** The field's path in the body: "name", "text.nl", "items[0].quantity". */
  field?: string;
  /** The JSON Schema keyword broken: minLength, maxLength, required, pattern, ... */
  rule?: string;
  limit?: number;
}

/** The error shape of API.md: `{"error": {"code", "message", field?, rule?, limit?}}`, thrown as one error type by every app. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
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
  const error = (body as { error?: { code?: string; message?: string } & ErrorDetails } | undefined)?.error;
  const details = { field: error?.field, rule: error?.rule, limit: error?.limit };
  throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText, details);
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
