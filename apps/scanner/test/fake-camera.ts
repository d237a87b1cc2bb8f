import { writeFileSync } from 'node:fs';
import qrcode from 'qrcode-generator';

/**
 * A camera for headless Chromium: a Y4M video (`--use-file-for-fake-video-capture`) whose frames show
 * one QR code, black on white, as a phone held up to the scanner would. Y4M is raw 4:2:0 frames after a
 * one-line header, so no encoder is needed: the QR goes into the luma plane, chroma stays neutral.
 */
export function writeQrVideo(path: string, text: string, frames = 10) {
  const code = qrcode(0, 'M');
  code.addData(text, text.startsWith('TG1:') ? 'Alphanumeric' : 'Byte');
  code.make();
  const modules = code.getModuleCount();
  const width = 640;
  const height = 480;
  const scale = Math.floor((height - 40) / (modules + 8));
  const offsetX = Math.floor((width - modules * scale) / 2);
  const offsetY = Math.floor((height - modules * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (!code.isDark(row, col)) continue;
      for (let y = 0; y < scale; y++) luma.fill(16, (offsetY + row * scale + y) * width + offsetX + col * scale, (offsetY + row * scale + y) * width + offsetX + (col + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...new Array<Buffer>(frames).fill(frame)]));
}
