/** Bulk import from CSV: check first (dry run), then import; problems are listed by line. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import { useImportIncidents } from '../../api/incidents';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import type { SessionResponse } from '../../../shared/contracts/auth';

export function ImportPage({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const importer = useImportIncidents();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [label, setLabel] = useState(emptyLabel);
  const [release, setRelease] = useState(false);
  const canRelease = session.permissions.includes('record.release');
  if (!session.permissions.includes('incident.create')) return <p>{t('incidents.cannotCreate')}</p>;
  if (directory.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error) return <ErrorMessage error={directory.error} />;
  const rows = csv ? csv.trim().split('\n').length - 1 : 0;
  const send = (dryRun: boolean) => csv && importer.mutate({ csv, label, release: release && canRelease, dryRun });
  return (
    <form className="note-form" onSubmit={(event) => event.preventDefault()}>
      <h1>{t('import.title')}</h1>
      <p className="hint">{t('import.hint')}</p>
      <label>
        {t('import.file')}
        <input
          name="file"
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            const file = event.target.files?.[0];
            importer.reset();
            if (!file) return setCsv(null);
            setFileName(file.name);
            void file.text().then(setCsv);
          }}
        />
      </label>
      {csv !== null && <p data-testid="import-rows">{t('import.rows', { count: rows, file: fileName })}</p>}
      <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      {canRelease && (
        <label className="check">
          <input type="checkbox" name="release" checked={release} onChange={(e) => setRelease(e.target.checked)} />
          {t('import.release')}
        </label>
      )}
      <div className="row">
        <button type="button" disabled={!csv || importer.isPending} onClick={() => send(true)}>
          {t('import.check')}
        </button>
        <button type="button" disabled={!csv || importer.isPending} onClick={() => send(false)}>
          {t('import.import')}
        </button>
      </div>
      {importer.isPending && <progress aria-label={t('import.working')} />}
      {importer.data && (
        <p role="status" data-testid="import-result">
          {importer.data.dryRun ? t('import.valid', { count: importer.data.rows }) : t('import.done', { count: importer.data.imported })}
        </p>
      )}
      <ErrorMessage error={importer.error} />
    </form>
  );
}
