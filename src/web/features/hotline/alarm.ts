/**
 * The alarm for unanswered alerts: a tone pattern repeated at the leading alert's pace until every
 * waiting alert is answered (by anyone of the desk, from any browser: the list refreshes from the
 * live stream) or silenced here; the tab title and favicon say so meanwhile. Browsers may hold
 * audio back until the page is used: the state is then "blocked", and any click or key enables it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ALARM_SOUND, alarmFavicon, leadingAlert } from './alarm-state';
import type { WaitingAlert } from './alarm-state';

export type AlarmState = 'off' | 'ringing' | 'silenced' | 'blocked';

function play(audio: AudioContext, sound: (typeof ALARM_SOUND)[keyof typeof ALARM_SOUND]): void {
  const volume = audio.createGain();
  volume.gain.value = sound.gain;
  volume.connect(audio.destination);
  for (const [index, frequency] of sound.tones.entries()) {
    const tone = audio.createOscillator();
    tone.type = 'square';
    tone.frequency.value = frequency;
    tone.connect(volume);
    tone.start(audio.currentTime + index * 0.2);
    tone.stop(audio.currentTime + index * 0.2 + 0.16);
  }
}

export function useAlarm(alerts: readonly WaitingAlert[], active: boolean) {
  const [silenced, setSilenced] = useState<ReadonlySet<string>>(() => new Set());
  const [blocked, setBlocked] = useState(false);
  const [rings, setRings] = useState(0);
  const audio = useRef<AudioContext | null>(null);
  const ring = useRef<() => void>(() => undefined);
  const loud = active ? alerts.filter((a) => !silenced.has(a.id)) : [];
  const severity = leadingAlert(loud)?.severity;

  const context = useCallback((): AudioContext | null => {
    if (audio.current) return audio.current;
    if (typeof AudioContext === 'undefined') return null;
    try {
      const created = new AudioContext();
      created.addEventListener('statechange', () => {
        if (created.state === 'running') ring.current();
      });
      audio.current = created;
      return created;
    } catch {
      return null; // No audio output: the banner, title and favicon carry the alert.
    }
  }, []);

  useEffect(() => {
    if (!severity) {
      ring.current = () => undefined;
      setBlocked(false);
      return;
    }
    const sound = ALARM_SOUND[severity];
    let last = 0;
    ring.current = () => {
      const output = context();
      if (!output) return;
      if (output.state !== 'running') {
        setBlocked(true);
        void output.resume().catch(() => undefined);
        return;
      }
      setBlocked(false);
      // A resume and the timer may both ask at once: one pattern per beat.
      if (Date.now() - last < sound.everyMs / 2) return;
      last = Date.now();
      play(output, sound);
      setRings((count) => count + 1);
    };
    ring.current();
    const timer = setInterval(() => ring.current(), sound.everyMs);
    return () => clearInterval(timer);
  }, [severity, context]);

  // Any use of the page counts as the gesture a browser waits for.
  useEffect(() => {
    if (!blocked) return;
    const unlock = () => void audio.current?.resume().catch(() => undefined);
    document.addEventListener('pointerdown', unlock, true);
    document.addEventListener('keydown', unlock, true);
    return () => {
      document.removeEventListener('pointerdown', unlock, true);
      document.removeEventListener('keydown', unlock, true);
    };
  }, [blocked]);

  useEffect(() => () => void audio.current?.close().catch(() => undefined), []);

  const state: AlarmState = !active || alerts.length === 0 ? 'off' : !severity ? 'silenced' : blocked ? 'blocked' : 'ringing';
  return {
    state,
    /** How many times the pattern has sounded (shown to tests as data-alarm-rings). */
    rings,
    silence: () => setSilenced(new Set([...silenced, ...alerts.map((a) => a.id)])),
    enable: () =>
      void context()
        ?.resume()
        .catch(() => undefined),
  };
}

/** The tab title and favicon while alerts wait; both restored once none does. */
export function useAlarmSignals(title: string | null, lead: WaitingAlert | undefined): void {
  const icon = lead ? alarmFavicon(lead) : null;
  useEffect(() => {
    if (title === null) return;
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
  useEffect(() => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!icon || !link) return;
    const before = link.href;
    link.href = icon;
    link.dataset.alarm = 'on';
    return () => {
      link.href = before;
      delete link.dataset.alarm;
    };
  }, [icon]);
}
