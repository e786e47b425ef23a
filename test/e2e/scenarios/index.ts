// The scenarios of issue 5 (and issue 10's question in chat and Draft V3), in the order they run.
import type { Scenario } from '../harness';
import { badToken } from './badToken';
import { chatParticipant } from './chatParticipant';
import { chatQuestion } from './chatQuestion';
import { draftV3 } from './draftV3';
import { generateAndExport } from './generateAndExport';
import { hostileDraft } from './hostileDraft';
import { reloadDuringRender } from './reloadDuringRender';
import { uploadFromExplorer } from './uploadFromExplorer';

export const scenarios: readonly Scenario[] = [generateAndExport, uploadFromExplorer, chatParticipant, reloadDuringRender, hostileDraft, badToken, chatQuestion, draftV3];
