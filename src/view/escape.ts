/** Escapes text for an XML or HTML text node or double-quoted attribute (`&`, `"`, `<`, `>`). Pure. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
