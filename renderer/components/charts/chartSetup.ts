/**
 * Registers only the chart.js parts Berth uses (line charts on linear axes), so the rest
 * of chart.js is tree-shaken away. Import `Chart` from here, never from 'chart.js/auto'.
 */
import {
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Filler, Decimation);

export { Chart };
