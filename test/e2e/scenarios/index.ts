// The scenarios of issue 5, in the order they run.
import type { Scenario } from '../harness';
import { badToken } from './badToken';
import { chatParticipant } from './chatParticipant';
import { generateAndExport } from './generateAndExport';
import { hostileDraft } from './hostileDraft';
import { reloadDuringRender } from './reloadDuringRender';
import { uploadFromExplorer } from './uploadFromExplorer';

export const scenarios: readonly Scenario[] = [generateAndExport, uploadFromExplorer, chatParticipant, reloadDuringRender, hostileDraft, badToken];
