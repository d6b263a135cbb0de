// Just enough XML for SOAP envelopes: elements (namespace prefixes dropped), attributes, text and
// the five entities plus character references. No DTDs; anything malformed throws.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? '';
  });
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const local = (name: string): string => name.slice(name.indexOf(':') + 1);

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const skipMisc = (): void => {
    for (;;) {
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml.startsWith('<?', i)) i = xml.indexOf('?>', i) + 2;
      else if (xml.startsWith('<!--', i)) i = xml.indexOf('-->', i) + 3;
      else return;
      if (i < 2) throw new SyntaxError('unterminated XML declaration or comment');
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(xml.slice(i));
    if (!open) throw new SyntaxError(`malformed XML at ${i}`);
    i += open[0].length;
    const attrs: Record<string, string> = {};
    for (const m of (open[2] ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[m[1] as string] = decodeEntities(m[2] ?? m[3] ?? '');
    const node: XmlElement = { name: local(open[1] as string), attrs, children: [], text: '' };
    if (open[3] === '/') return node;
    for (;;) {
      if (i >= xml.length) throw new SyntaxError(`unclosed element ${open[1]}`);
      if (xml.startsWith('</', i)) {
        const close = /^<\/([\w.:-]+)\s*>/.exec(xml.slice(i));
        if (!close || close[1] !== open[1]) throw new SyntaxError(`mismatched closing tag at ${i}`);
        i += close[0].length;
        return node;
      }
      if (xml.startsWith('<!--', i)) {
        i = xml.indexOf('-->', i) + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', i)) {
        const end = xml.indexOf(']]>', i);
        if (end < 0) throw new SyntaxError('unclosed CDATA');
        node.text += xml.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      if (xml[i] === '<') {
        node.children.push(element());
        continue;
      }
      const next = xml.indexOf('<', i);
      node.text += decodeEntities(xml.slice(i, next < 0 ? xml.length : next));
      i = next < 0 ? xml.length : next;
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== xml.length) throw new SyntaxError('content after the root element');
  return root;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const c = child(el, name);
  return c ? c.text.trim() : undefined;
}

/** Serializes a plain value as SOAP child elements: arrays repeat the element, objects nest. */
export function toXml(name: string, value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (value !== null && typeof value === 'object') {
    const { $type, ...rest } = value as Record<string, unknown>;
    const attr = typeof $type === 'string' ? ` xsi:type="${escapeXml($type)}"` : '';
    return `<${name}${attr}>${Object.entries(rest).map(([k, v]) => toXml(k, v)).join('')}</${name}>`;
  }
  if (value === null) return `<${name} xsi:nil="true"/>`;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  return `<${name}>${escapeXml(text)}</${name}>`;
}
