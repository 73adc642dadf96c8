/**
 * Bulk import from CSV (problems listed by line) or a STIX 2.1 bundle (problems listed by object):
 * check first (dry run), then import; nothing is written unless everything passes.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import { useImportIncidents, useImportStix } from '../../api/incidents';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import type { SessionResponse } from '../../../shared/contracts/auth';

export function ImportPage({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const [step, setStep] = useState<{ stage: string; done: number; total: number } | null>(null);
  const csvImporter = useImportIncidents(setStep);
  const stixImporter = useImportStix();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [label, setLabel] = useState(emptyLabel);
  const [release, setRelease] = useState(false);
  const canRelease = session.permissions.includes('record.release');
  if (!session.permissions.includes('incident.create')) return <p>{t('incidents.cannotCreate')}</p>;
  if (directory.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error) return <ErrorMessage error={directory.error} />;
  const stix = fileName.toLowerCase().endsWith('.json');
  const importer = stix ? stixImporter : csvImporter;
  const rows = csv && !stix ? csv.trim().split('\n').length - 1 : 0;
  const send = (dryRun: boolean) => {
    if (!csv) return;
    setStep(null);
    if (!stix) return csvImporter.mutate({ csv, label, release: release && canRelease, dryRun });
    let bundle: unknown;
    try {
      bundle = JSON.parse(csv);
    } catch {
      return stixImporter.mutate({ bundle: null, label, dryRun });
    }
    stixImporter.mutate({ bundle, label, dryRun });
  };
  return (
    <form className="note-form" onSubmit={(event) => event.preventDefault()}>
      <h1>{t('import.title')}</h1>
      <p className="hint">{t('import.hint')}</p>
      <label>
        {t('import.file')}
        <input
          name="file"
          type="file"
          accept=".csv,text/csv,.json,application/json"
          onChange={(event) => {
            const file = event.target.files?.[0];
            csvImporter.reset();
            stixImporter.reset();
            if (!file) return setCsv(null);
            setFileName(file.name);
            void file.text().then(setCsv);
          }}
        />
      </label>
      {csv !== null && !stix && <p data-testid="import-rows">{t('import.rows', { count: rows, file: fileName })}</p>}
      {csv !== null && stix && <p data-testid="import-rows">{t('import.stixFile', { file: fileName })}</p>}
      <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      {canRelease && !stix && (
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
      {importer.isPending &&
        (step && !stix ? (
          <p role="status" data-testid="import-progress">
            <progress aria-label={t('import.working')} value={step.done} max={step.total} />{' '}
            {t(step.stage === 'validated' ? 'import.validatedRows' : 'import.importedRows', { done: step.done, total: step.total })}
          </p>
        ) : (
          <progress aria-label={t('import.working')} />
        ))}
      {csvImporter.data && !stix && (
        <p role="status" data-testid="import-result">
          {csvImporter.data.dryRun
            ? t('import.valid', { count: csvImporter.data.rows })
            : t('import.done', { count: csvImporter.data.imported })}
        </p>
      )}
      {stixImporter.data && stix && (
        <div role="status" data-testid="import-result">
          <p>{t(stixImporter.data.dryRun ? 'import.stixValid' : 'import.stixDone', stixImporter.data.imported)}</p>
          {!stixImporter.data.dryRun && stixImporter.data.updated.actors + stixImporter.data.updated.indicators > 0 && (
            <p>{t('import.stixUpdated', stixImporter.data.updated)}</p>
          )}
          {stixImporter.data.skipped.length > 0 && (
            <details>
              <summary>{t('import.stixSkipped', { count: stixImporter.data.skipped.length })}</summary>
              <ul>
                {stixImporter.data.skipped.map((s) => (
                  <li key={s.id}>
                    <code>{s.id}</code>: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      <ErrorMessage error={importer.error} />
    </form>
  );
}
