/** The width of the frame sent for a video's small picture (the server crops and shrinks it to 160 px). */
const FRAME_WIDTH = 320;
/** How long a frame may take to come (a slow network, a video the browser cannot play): then there is none. */
const FRAME_TIMEOUT_MS = 15_000;

/**
 * A frame of the video at `src`, as a WebP (or PNG) picture: taken by a video element of its own,
 * never the one the member watches, a second into it (or a tenth of a short one). Null when the
 * browser cannot decode the video or draw the frame.
 */
export function captureVideoFrame(src: string): Promise<Blob | null> {
  return new Promise((resolve) => {
    const video = document.createElement('video');
    let settled = false;
    const finish = (picture: Blob | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      video.removeAttribute('src');
      video.load();
      resolve(picture);
    };
    const timer = setTimeout(() => finish(null), FRAME_TIMEOUT_MS);
    video.muted = true;
    video.preload = 'auto';
    video.addEventListener('error', () => finish(null), { once: true });
    video.addEventListener(
      'loadedmetadata',
      () => {
        video.currentTime = Number.isFinite(video.duration) ? Math.min(1, video.duration / 10) : 0;
      },
      { once: true },
    );
    video.addEventListener(
      'seeked',
      () => {
        if (video.videoWidth === 0 || video.videoHeight === 0) return finish(null);
        const canvas = document.createElement('canvas');
        canvas.width = FRAME_WIDTH;
        canvas.height = Math.max(1, Math.round((FRAME_WIDTH * video.videoHeight) / video.videoWidth));
        const context = canvas.getContext('2d');
        if (!context) return finish(null);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        canvas.toBlob((picture) => finish(picture), 'image/webp', 0.8);
      },
      { once: true },
    );
    video.src = src;
  });
}
