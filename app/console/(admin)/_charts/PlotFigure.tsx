'use client';
// An Observable Plot chart as a React component. Plot builds SVG with DOM calls
// (labels are SVG text nodes: a visitor's event name is text, never markup).
// Plot adds a <style> element for its defaults; the app's CSP allows only
// nonced style elements, so it is dropped and the look is set by inline style
// attributes (which the CSP allows) instead.
import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

interface PlotFigureProps {
  options: Plot.PlotOptions;
  /** The chart's accessible name (the SVG gets role="img" unless `interactive`). */
  label: string;
  /** Called with the rendered SVG, e.g. to make marks focusable; may return a cleanup. */
  onRender?: (svg: SVGSVGElement) => void | (() => void);
  className?: string;
}

export function PlotFigure({ options, label, onRender, className }: PlotFigureProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = container.current;
    if (!host) return;
    const chart = Plot.plot({
      ...options,
      style: { fontSize: '12px', overflow: 'visible', background: 'transparent', ...(options.style as object) },
    });
    chart.querySelectorAll('style').forEach((style) => style.remove());
    // A chart with a legend is a <figure> whose first SVGs are the legend's swatches: the chart is its own child.
    const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector<SVGSVGElement>(':scope > svg');
    svg?.setAttribute('aria-label', label);
    if (svg && !onRender) svg.setAttribute('role', 'img');
    host.replaceChildren(chart);
    const cleanup = svg && onRender ? onRender(svg) : undefined;
    return () => {
      cleanup?.();
      host.replaceChildren();
    };
  }, [options, label, onRender]);
  return <div ref={container} className={className} />;
}
