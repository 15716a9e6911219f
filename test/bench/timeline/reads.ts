import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReadJob, ReadReport } from './read-worker';

/** Runs the read phase in a worker thread (see read-worker.ts) and returns its report. */
export function readTimelines(job: ReadJob): Promise<ReadReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'read-worker.js'), { workerData: job });
    worker.once('message', (report: ReadReport) => resolve(report));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`read worker exited with ${code}`));
    });
  });
}
