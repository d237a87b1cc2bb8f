export type Language = 'nl' | 'en';

export interface MessageText {
  title: string;
  body: string;
}

/** A message's own text in other languages; its title and body serve every language not here. */
export type MessageTranslations = Partial<Record<Language, MessageText>>;

export const translationsOf = (row: { translations: string }) => JSON.parse(row.translations) as MessageTranslations;

/** The text of a message for a reader of `language`. */
export const textIn = (message: MessageText & { translations?: MessageTranslations }, language: Language | undefined): MessageText =>
  (language && message.translations?.[language]) || { title: message.title, body: message.body };
