import { useRef, useState, type PointerEvent } from 'react';
import { regionFromDrag, type RegionAnchor } from './anchors';
import classes from './review.module.css';

const styleOf = (region: RegionAnchor) => ({ left: `${region.x * 100}%`, top: `${region.y * 100}%`, width: `${region.width * 100}%`, height: `${region.height * 100}%` });

interface RegionImageProps {
  src: string;
  alt: string;
  className?: string | undefined;
  /** The region of a new comment, dashed; dragging on the image draws it (when `onDraw` is given). */
  draft: RegionAnchor | null;
  onDraw?: ((region: RegionAnchor | null) => void) | undefined;
  /** The region of a comment the user chose to see, outlined. */
  shown: RegionAnchor | null;
}

/**
 * An image on which a region is marked by dragging (mouse, pen or finger). The drawing is for
 * pointers only: the comment form says what was marked, and without a region a comment is on the
 * whole image, which is the keyboard's way.
 */
export function RegionImage({ src, alt, className, draft, onDraw, shown }: RegionImageProps) {
  const frame = useRef<HTMLDivElement>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const [drawing, setDrawing] = useState<RegionAnchor | null>(null);
  const box = () => frame.current?.getBoundingClientRect() ?? { left: 0, top: 0, width: 0, height: 0 };
  const down = (event: PointerEvent<HTMLDivElement>) => {
    if (!onDraw || event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    start.current = { x: event.clientX, y: event.clientY };
    setDrawing(null);
  };
  const move = (event: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    setDrawing(regionFromDrag(start.current, { x: event.clientX, y: event.clientY }, box()));
  };
  const up = (event: PointerEvent<HTMLDivElement>) => {
    if (!start.current || !onDraw) return;
    const region = regionFromDrag(start.current, { x: event.clientX, y: event.clientY }, box());
    start.current = null;
    setDrawing(null);
    // A click leaves the region as it was: only a drag marks one.
    if (region) onDraw(region);
  };
  const dashed = drawing ?? draft;
  return (
    <div
      ref={frame}
      className={`${classes.imageFrame} ${onDraw ? classes.drawable : ''}`}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => {
        start.current = null;
        setDrawing(null);
      }}
      data-testid="region-image"
    >
      <img className={className} src={src} alt={alt} draggable={false} />
      {shown && <div aria-hidden="true" className={`${classes.region} ${classes.shown}`} style={styleOf(shown)} />}
      {dashed && <div aria-hidden="true" className={`${classes.region} ${classes.draft}`} style={styleOf(dashed)} />}
    </div>
  );
}
