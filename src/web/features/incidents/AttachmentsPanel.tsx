import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Attachment } from '../../../shared/contracts/picture-records';

/** The file as base64, without the data-URL prefix. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

const size = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1_048_576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1_048_576).toFixed(1)} MB`;

/** An incident's attachments as downloads; the originating organisation adds files. */
export function AttachmentsPanel({ id, canEdit }: { id: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const attachments = useQuery({
    queryKey: ['incidents', id, 'attachments'],
    queryFn: () => api<{ items: Attachment[] }>('GET', `/api/incidents/${encodeURIComponent(id)}/attachments`),
  });
  const upload = useMutation({
    mutationFn: async (file: File) =>
      api<Attachment>('POST', `/api/incidents/${encodeURIComponent(id)}/attachments`, {
        fileName: file.name,
        contentBase64: await readBase64(file),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['incidents', id, 'attachments'] }),
  });
  const items = attachments.data?.items ?? [];
  if (items.length === 0 && !canEdit) return null;
  return (
    <section className="attachments" data-testid="attachments">
      <h2>{t('attachments.title')}</h2>
      {items.length === 0 && <p className="hint">{t('attachments.empty')}</p>}
      <ul>
        {items.map((a) => (
          <li key={a.id}>
            <a href={`/api/attachments/${a.id}`} download={a.fileName}>
              {a.fileName}
            </a>{' '}
            <span className="muted">
              {a.mediaType} · {size(a.size)}
            </span>
          </li>
        ))}
      </ul>
      {canEdit && (
        <label>
          {t('attachments.add')}
          <input
            name="attachment"
            type="file"
            disabled={upload.isPending}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) upload.mutate(file, { onSettled: () => (event.target.value = '') });
            }}
          />
        </label>
      )}
      {upload.isPending && <progress aria-label={t('attachments.uploading')} />}
      <ErrorMessage error={upload.error} />
    </section>
  );
}
