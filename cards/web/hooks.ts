// React glue for the web renderer: a clock that ticks so "Computed 3 minutes ago" stays true, the
// width of an element, and spoken announcements. Remote stores as state are shared with the
// HubSpot cards (cards/model/hooks.ts) and re-exported here.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Tone } from '../model/index.ts';

export { useCompanyStore, useRemote, type CompanyStore } from '../model/hooks.ts';

/** Date.now(), refreshed every `everyMs` (relative times re-render without a reload). */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(handle);
  }, [everyMs]);
  return now;
}

/** The rendered width of an element, in CSS pixels (0 until it is laid out). */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.getBoundingClientRect().width);
    const observer = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (box) setWidth(box.width);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export interface Announcement {
  id: number;
  tone: Tone;
  title?: string;
  message: string;
}

/** Messages for a live region (what HubSpot's addAlert does in the HubSpot cards). */
export function useAnnouncements(): { current: Announcement | null; announce: (a: Omit<Announcement, 'id'>) => void; dismiss: () => void } {
  const [current, setCurrent] = useState<Announcement | null>(null);
  const next = useRef(0);
  const announce = useCallback((a: Omit<Announcement, 'id'>) => setCurrent({ ...a, id: ++next.current }), []);
  const dismiss = useCallback(() => setCurrent(null), []);
  return { current, announce, dismiss };
}
