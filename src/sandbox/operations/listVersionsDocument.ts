// GET /versions: the versions document of GET / (./listVersions.ts), answered 200 as Glance does.
import { versionsDocument } from '../version-document.js';
import type { OperationModule } from './types.js';

export const listVersionsDocument: OperationModule<'listVersionsDocument'> = {
  judge: (c) => versionsDocument('listVersionsDocument', 200, c),
};
