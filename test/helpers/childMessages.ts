// The next IPC message of a given type from a forked child process (a crowd of websocket
// clients in the subscription test and in bench:feed), or a rejection after `timeoutMs`.
import type { ChildProcess } from 'node:child_process';

export function nextMessage<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" message from the child process within ${timeoutMs} ms`)), timeoutMs);
    const on = (msg: { type: string }) => {
      if (msg.type !== type) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(msg as T);
    };
    child.on('message', on);
  });
}
