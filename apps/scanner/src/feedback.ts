/**
 * Sound and vibration for a verdict, so staff need not read the screen in a loud, dark venue: one high
 * beep for "in", two low buzzes for "refused". WebAudio makes the tones; no audio files to cache.
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

export function signalVerdict(accepted: boolean) {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    if (accepted) tone(audio, 1320, 0, 0.12);
    else {
      tone(audio, 220, 0, 0.18);
      tone(audio, 220, 0.25, 0.18);
    }
  } catch {
    // No audio device: the screen still shows the verdict.
  }
  // Only after a tap or key press does the browser allow vibration; a hardware scanner's Enter counts.
  if (navigator.userActivation?.hasBeenActive && 'vibrate' in navigator) navigator.vibrate(accepted ? 80 : [120, 80, 120]);
}
