// The control surface, outside the contract: `/__sandbox/*` on the sandbox's own port (and in MSW).
import { answer, glanceAnswer } from './answers.js';
import type { SandboxAnswer } from './types.js';

export const CONTROL_PREFIX = '/__sandbox/';

export interface Controls {
  reset(): void;
  state(): unknown;
  /** How many images the world has, for the reset's answer. */
  imageCount(): number;
}

export function control(method: string, name: string, controls: Controls): SandboxAnswer {
  if (name === 'reset' && method === 'POST') {
    controls.reset();
    return answer(200, { reset: true, images: controls.imageCount() });
  }
  if (name === 'state' && method === 'GET') return answer(200, controls.state());
  return glanceAnswer(
    404,
    'Not Found',
    `No control ${method} ${CONTROL_PREFIX}${name}. There are: POST ${CONTROL_PREFIX}reset, GET ${CONTROL_PREFIX}state.`,
  );
}
