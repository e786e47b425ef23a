// The chat layer: pure functions shared by the chat participant, the commands and the CLI.
export { routeIntent, type Intent } from './intent';
export { slashCommand, type SlashCommand } from './slashCommands';
export { translateGuiPhrases, type GuiAction, type GuiActionKind } from './guiPhrases';
export { describeTool } from './toolWords';
export { toUserMessage, registrationLink, redactSecrets, type Operation, type UserMessageContext } from './userMessage';
export { creditsLine, stripControlSequences, foldGenerateOptions, examplePrompts, type AspectRatio, type GenerateOptions } from './replyWording';
export { readTurn, brokenProgress, stoppedTurnWords, type TurnReading, type TurnStatus, type FinishedTurn, type TurnReadingContext } from './turnOutcome';
export {
  ASK_QUESTION_TOOL, parseQuestions, questionsOf, defaultChoices, formatAnswer, choicesFromNumbers,
  type AgentQuestion, type AgentQuestions, type QuestionOption, type QuestionChoices,
} from './questions';
