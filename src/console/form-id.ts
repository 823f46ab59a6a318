// A recorded id carried in a form field the page does not show (a Resume button's principal id).
// Rendered for the page, agent text in it would become its visible escapes and the form would post
// those instead of the id; put in raw, it would be agent text on a page that skipped the renderer.
// So the field carries the id's UTF-16 code units in hex: plain ASCII that rendering leaves as it
// is, read back exactly, lone surrogates included.

export function formId(id: string): string {
  let hex = '';
  for (let i = 0; i < id.length; i++) hex += id.charCodeAt(i).toString(16).padStart(4, '0');
  return hex;
}

/** The id a form field made by formId carries; undefined for anything else. */
export function idFromForm(field: unknown): string | undefined {
  if (typeof field !== 'string' || !/^(?:[0-9a-f]{4})*$/.test(field)) return undefined;
  return String.fromCharCode(...(field.match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
}
