/**
 * Reads a server-sent event stream with fetch, since EventSource cannot send the manage token
 * header. Calls `onEvent` per event; resolves when the server ends the stream, rejects on a
 * failed answer or a broken connection (the caller then asks again).
 */
export async function readEventStream(
  path: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  onEvent: (event: string, data: unknown) => void,
): Promise<void> {
  const response = await fetch(path, {
    headers: { Accept: 'text/event-stream', ...headers },
    signal,
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      if (data.length > 0) onEvent(event, JSON.parse(data.join('\n')));
    }
  }
}
