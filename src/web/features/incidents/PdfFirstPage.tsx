/**
 * A PDF attachment's first page, drawn into a canvas by pdf.js from the bytes the server serves
 * (the same read-checked download): the browser's own PDF viewer is never given the file, scripts
 * in it never run (pdf.js runs none, and eval is off). Loaded on demand with its worker.
 */
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

GlobalWorkerOptions.workerSrc = workerUrl;

const PREVIEW_WIDTH = 480;

export function PdfFirstPage({ url, name }: { url: string; name: string }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'shown' | 'failed'>('loading');
  useEffect(() => {
    let stale = false;
    const load = async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const task = getDocument({ data: new Uint8Array(await response.arrayBuffer()), isEvalSupported: false, enableXfa: false });
      const document = await task.promise;
      try {
        const page = await document.getPage(1);
        const unscaled = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: PREVIEW_WIDTH / unscaled.width });
        const target = canvas.current;
        if (stale || !target) return;
        target.width = Math.floor(viewport.width);
        target.height = Math.floor(viewport.height);
        await page.render({ canvas: target, viewport }).promise;
        if (!stale) setState('shown');
      } finally {
        void document.destroy();
      }
    };
    load().catch(() => !stale && setState('failed'));
    return () => {
      stale = true;
    };
  }, [url]);
  return (
    <figure className="attachment-preview pdf" data-state={state}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={t('incidentPage.previewPdf', { name })}
        data-testid="pdf-preview"
        hidden={state === 'failed'}
      />
      {state === 'loading' && <progress aria-label={t('incidentPage.loadingPreview')} />}
      {state === 'failed' && <p className="hint">{t('incidentPage.previewFailed')}</p>}
    </figure>
  );
}
