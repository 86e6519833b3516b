import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only what bar charts need: chart.js is tree-shaken to these parts.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colours that keep 3:1 against white and apart from each other (the app's own palette). */
const COLOURS = ['#0b5cad', '#1e6b34', '#b3261e', '#6b4fa0', '#8a5a00'];

export interface Series {
  label: string;
  /** null: a suppressed cell ("<5"), drawn as a gap rather than as zero. */
  values: (number | null)[];
}

interface BarChartProps {
  /** What the chart shows, for screen readers (the table beside it has the numbers). */
  label: string;
  categories: string[];
  series: Series[];
  horizontal?: boolean;
  direction: 'ltr' | 'rtl';
}

/**
 * A bar chart drawn by chart.js on a canvas. Loaded lazily with the reports page, so that no
 * client page and no other staff page downloads it. The canvas is an image with a name; the
 * figures themselves are in a table next to it.
 */
export default function BarChart({
  label,
  categories,
  series,
  horizontal = false,
  direction,
}: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: categories,
        datasets: series.map((s, index) => ({
          label: s.label,
          data: s.values,
          backgroundColor: COLOURS[index % COLOURS.length],
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        locale: document.documentElement.lang || undefined,
        plugins: {
          legend: { display: series.length > 1, rtl: direction === 'rtl' },
          tooltip: { rtl: direction === 'rtl' },
        },
        scales: {
          x: { reverse: direction === 'rtl' && !horizontal, beginAtZero: true },
          y: { beginAtZero: true, position: direction === 'rtl' ? 'right' : 'left' },
        },
      },
    });
    return () => chart.destroy();
  }, [categories, series, horizontal, direction]);
  const height = horizontal ? Math.max(8, categories.length * 2.2) : 16;
  return (
    <div className="report-chart" style={{ height: `${height}rem` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
