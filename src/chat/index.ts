// The chat layer: pure functions shared by the chat participant, the commands and the CLI.
export { routeIntent, type Intent } from './intent';
export { slashCommand, slashIntent, type SlashCommand } from './slashCommands';
export { translateGuiPhrases, type GuiAction } from './guiPhrases';
export { describeTool, describeToolResult } from './toolWords';
export { toUserMessage, offersLocalExport, registrationLink, type Operation } from './userMessage';
export { creditsLine, webEditorLinkLines, foldGenerateOptions, examplePrompts, type AspectRatio, type GenerateOptions } from './replyWording';
export { readTurn, brokenProgress, stoppedTurnWords, type TurnReading } from './turnOutcome';
export { choicesFromNumbers, defaultChoices, formatAnswer, questionLines, type AgentQuestions } from './questions';
export { SentenceStream } from './sentenceStream';
export { retryWaitWords, turnQueuedWords } from './waitWords';
