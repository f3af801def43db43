/**
 * The template file format, split into parts BEFORE any Liquid runs, so provider text that
 * renders into one part can never become a header line of another:
 *
 *   # comment lines (header only)
 *   title: <liquid>          plain text; renders empty = do not post this event
 *   url: <liquid>            plain text; must be an http(s) URL or it is dropped
 *   color: <liquid>          success | failure | warning | info | neutral | merged | #rrggbb
 *   footer: <liquid>         plain text
 *   field <Name>: <liquid>   markdown; dropped when it renders empty
 *   field+ <Name>: <liquid>  the same, shown inline
 *   ---
 *   <liquid body, markdown>
 *
 * Files named `_<name>.liquid` are partials for `{% render '<source>/_<name>' %}`, not templates.
 */
export interface TemplateFieldSource {
  name: string;
  inline: boolean;
  source: string;
}

export interface TemplateSource {
  title: string;
  url: string;
  color: string;
  footer: string;
  fields: TemplateFieldSource[];
  body: string;
}

export class TemplateError extends Error {
  constructor(file: string, line: number | null, reason: string) {
    super(`${file}${line === null ? '' : `:${line}`}: ${reason}`);
    this.name = 'TemplateError';
  }
}

const SIMPLE = /^(title|url|color|footer):[ \t]?(.*)$/;
const FIELD = /^field(\+?)[ \t]+([^:]+):[ \t]?(.*)$/;

export function parseTemplateFile(text: string, file: string): TemplateSource {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const separator = lines.findIndex((l) => l.trim() === '---');
  const header = separator === -1 ? lines : lines.slice(0, separator);
  const out: TemplateSource = { title: '', url: '', color: '', footer: '', fields: [], body: '' };
  let hasTitle = false;
  header.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const simple = SIMPLE.exec(line);
    const field = FIELD.exec(line);
    if (simple?.[1] !== undefined) {
      const key = simple[1] as 'title' | 'url' | 'color' | 'footer';
      if (key === 'title') hasTitle = true;
      out[key] = simple[2] ?? '';
    } else if (field?.[2] !== undefined) {
      out.fields.push({ name: field[2].trim(), inline: field[1] === '+', source: field[3] ?? '' });
    } else {
      throw new TemplateError(file, index + 1, `unknown header line "${line.slice(0, 60)}" ` +
        '(expected title:, url:, color:, footer:, field <Name>:, field+ <Name>:, # comment or ---)');
    }
  });
  if (!hasTitle) throw new TemplateError(file, null, 'the header has no "title:" line');
  if (separator !== -1) out.body = lines.slice(separator + 1).join('\n');
  return out;
}
