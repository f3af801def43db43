/**
 * Splits command text into words. Double quotes group words (`+label:"good first issue"` is one
 * word `+label:good first issue`); Slack's and macOS's smart quotes (“ ” „ ‟ « ») count as double
 * quotes. An unclosed quote runs to the end of the text. Empty quotes ("") give an empty word only
 * when nothing else is attached to them. Outside quotes a comma separates words too
 * (`reviews, comments` and `reviews,comments`, as people type them in Discord's one text box),
 * except between digits (`min:1,000USD`) and inside a URL or a Slack `<…>` link (a comma
 * before a space or the end still ends a URL: `https://x.com, slow`).
 */
const OPEN_QUOTES = new Set(['"', '“', '„', '‟', '«', '”']);
const CLOSE_QUOTES = new Set(['"', '”', '“', '‟', '»']);

export function tokenizeCommandText(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote = false;
  const chars = [...text];
  for (const [i, ch] of chars.entries()) {
    if (quote) {
      if (CLOSE_QUOTES.has(ch)) quote = false;
      else current += ch;
      continue;
    }
    if (OPEN_QUOTES.has(ch)) {
      quote = true;
      inWord = true;
      continue;
    }
    const thousands = /\d/.test(chars[i - 1] ?? '') && /\d/.test(chars[i + 1] ?? '');
    if (ch === ',' && !thousands) {
      const slackLink = current.startsWith('<');
      const inLink = slackLink ? !current.includes('>') : current.includes('://') && !/^\s?$/u.test(chars[i + 1] ?? '');
      if (!inLink) {
        if (inWord && current !== '') words.push(current);
        current = '';
        inWord = false;
        continue;
      }
    }
    if (/\s/u.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    current += ch;
    inWord = true;
  }
  if (inWord) words.push(current);
  return words;
}
