/**
 * Sound and vibration for a verdict, so staff need not read the screen in a loud, dark venue: one high
 * beep for "in", a falling pair for "out", one long middle tone for "wrong place or way", two low
 * buzzes for "refused". WebAudio makes the tones; no audio files to cache.
 */
let audio: AudioContext | undefined;

function tone(context: AudioContext, frequency: number, start: number, seconds: number) {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'square';
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.15, context.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + start + seconds);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(context.currentTime + start);
  oscillator.stop(context.currentTime + start + seconds);
}

/** What a verdict means for the visitor: let in, let out, sent elsewhere, or stopped. */
export type Signal = 'in' | 'out' | 'elsewhere' | 'refused';

const tones: Record<Signal, [frequency: number, start: number, seconds: number][]> = {
  in: [[1320, 0, 0.12]],
  out: [[880, 0, 0.1], [660, 0.14, 0.1]],
  elsewhere: [[440, 0, 0.35]],
  refused: [[220, 0, 0.18], [220, 0.25, 0.18]],
};
const vibrations: Record<Signal, number | number[]> = { in: 80, out: [40, 60, 40], elsewhere: 300, refused: [120, 80, 120] };

export function signalVerdict(signal: Signal) {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    for (const [frequency, start, seconds] of tones[signal]) tone(audio, frequency, start, seconds);
  } catch {
    // No audio device: the screen still shows the verdict.
  }
  // Only after a tap or key press does the browser allow vibration; a hardware scanner's Enter counts.
  if (navigator.userActivation?.hasBeenActive && 'vibrate' in navigator) navigator.vibrate(vibrations[signal]);
}
