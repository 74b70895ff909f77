/**
 * Dispatches the page's messages: each is validated first; a malformed one, an unknown type or a
 * command outside the allow-list is logged (its type only, never its content) and nothing runs.
 */
import type { Logger } from '../logger';
import { checkPageMessage, describeForLog, type PageMessage } from './messages';

export interface PanelHandlers {
  ready(): Promise<void> | void;
  focus(message: Extract<PageMessage, { type: 'focus' }>): Promise<void> | void;
  refresh(): Promise<void> | void;
  run(message: Extract<PageMessage, { type: 'run' }>): Promise<void> | void;
}

/** Answers whether the message was accepted. */
export function createPageRouter(handlers: PanelHandlers, log: Logger): (data: unknown) => Promise<boolean> {
  return async (data) => {
    const checked = checkPageMessage(data);
    if (!checked.ok) {
      log.warn(`Panel: refused a message from the page (${describeForLog(data)}): ${checked.problem}`);
      return false;
    }
    const message = checked.message;
    switch (message.type) {
      case 'ready':
        await handlers.ready();
        break;
      case 'focus':
        await handlers.focus(message);
        break;
      case 'refresh':
        await handlers.refresh();
        break;
      case 'run':
        await handlers.run(message);
        break;
    }
    return true;
  };
}
