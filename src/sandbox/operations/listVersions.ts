// GET / (listVersions): Glance answers version discovery with 300 and its versions document,
// what keystoneauth reads first (openstacksdk, openstackclient). No identity is needed.
import { versionsDocument } from '../version-document.js';
import type { OperationModule } from './types.js';

export const listVersions: OperationModule<'listVersions'> = {
  judge: (c) => versionsDocument('listVersions', 300, c),
};
