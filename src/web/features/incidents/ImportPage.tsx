/**
 * Bulk import from CSV — an ACLED export or Concord's columns — or a STIX 2.1 bundle. A CSV file
 * is previewed first (the first rows as they will be created, every problem by row and column,
 * nothing written); importing shows progress and ends with links to the records created. Nothing
 * is written unless every row passes.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import { useImportIncidents, useImportStix } from '../../api/incidents';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import { formatUtc, humanise } from './format';
import './import.css';
import type { ImportResult } from '../../api/incidents';
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
  // The last preview, kept while the import runs; any change of file or label asks for a new one.
  const [preview, setPreview] = useState<ImportResult | null>(null);
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
    if (!stix)
      return csvImporter.mutate(
        { csv, label, release: release && canRelease, dryRun },
        { onSuccess: (result) => (result.dryRun ? setPreview(result) : undefined) },
      );
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
            setPreview(null);
            if (!file) return setCsv(null);
            setFileName(file.name);
            void file.text().then(setCsv);
          }}
        />
      </label>
      {csv !== null && !stix && <p data-testid="import-rows">{t('import.rows', { count: rows, file: fileName })}</p>}
      {csv !== null && stix && <p data-testid="import-rows">{t('import.stixFile', { file: fileName })}</p>}
      <LabelPicker
        name="label"
        value={label}
        onChange={(next) => {
          setLabel(next);
          setPreview(null);
        }}
        directory={directory.data}
        nation={session.nation.code}
      />
      {canRelease && !stix && (
        <label className="check">
          <input type="checkbox" name="release" checked={release} onChange={(e) => setRelease(e.target.checked)} />
          {t('import.release')}
        </label>
      )}
      <div className="row">
        <button type="button" disabled={!csv || importer.isPending} onClick={() => send(true)}>
          {stix ? t('import.check') : t('import.preview')}
        </button>
        <button
          type="button"
          disabled={!csv || importer.isPending || (!stix && (preview === null || (preview.problems ?? []).length > 0))}
          onClick={() => send(false)}
        >
          {t('import.import')}
        </button>
      </div>
      {!stix && csv !== null && preview === null && !csvImporter.data && <p className="hint">{t('import.previewFirst')}</p>}
      {importer.isPending &&
        (step && !stix ? (
          <p role="status" data-testid="import-progress">
            <progress aria-label={t('import.working')} value={step.done} max={step.total} />{' '}
            {t(step.stage === 'validated' ? 'import.validatedRows' : 'import.importedRows', { done: step.done, total: step.total })}
          </p>
        ) : (
          <progress aria-label={t('import.working')} />
        ))}
      {!stix && preview && !csvImporter.data?.created && <CsvPreview preview={preview} />}
      {csvImporter.data && !csvImporter.data.dryRun && !stix && <CsvImported result={csvImporter.data} />}
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

function CsvPreview({ preview }: { preview: ImportResult }) {
  const { t } = useTranslation();
  const problems = preview.problems ?? [];
  const rows = preview.preview ?? [];
  return (
    <section className="import-preview" data-testid="import-preview" aria-labelledby="import-preview-title">
      <h2 id="import-preview-title">{t('import.previewTitle')}</h2>
      <p role="status">
        {problems.length === 0
          ? t('import.previewReady', { count: preview.rows })
          : t('import.previewProblems', { count: problems.length, rows: preview.rows })}
      </p>
      {problems.length > 0 && (
        <ul className="import-problems" data-testid="import-problems">
          {problems.map((problem) => (
            <li key={problem.path}>{problem.message}</li>
          ))}
        </ul>
      )}
      {rows.length > 0 && (
        <div className="import-table-scroll">
          <table className="import-table">
            <caption>{t('import.previewCaption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.colRow')}</th>
                <th scope="col">{t('import.colWhen')}</th>
                <th scope="col">{t('import.colType')}</th>
                <th scope="col">{t('import.colTitle')}</th>
                <th scope="col">{t('import.colPlace')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ row, content }) => (
                <tr key={row} data-testid="import-preview-row">
                  <td>{row}</td>
                  <td>{formatUtc(content.occurredAt)}</td>
                  <td>
                    {humanise(content.domain)} / {humanise(content.subtype)}
                  </td>
                  <td>
                    <bdi>{content.title}</bdi>
                  </td>
                  <td>
                    <bdi>{[content.place.name, content.place.admin1, content.place.country].filter(Boolean).join(', ')}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CsvImported({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  const created = result.created ?? [];
  return (
    <section role="status" data-testid="import-result" className="import-result">
      <p>
        <progress aria-label={t('import.working')} value={result.imported} max={result.imported} />{' '}
        {t(result.released ? 'import.doneReleased' : 'import.done', { count: result.imported })}
      </p>
      {created.length > 0 && (
        <ul className="import-created">
          {created.map((record) => (
            <li key={record.id}>
              <AppLink to={`/incidents/${record.id}`}>
                <bdi>{record.title}</bdi>
              </AppLink>
            </li>
          ))}
        </ul>
      )}
      {result.imported > created.length && (
        <p>
          <AppLink to="/incidents">{t('import.moreInList', { count: result.imported - created.length })}</AppLink>
        </p>
      )}
    </section>
  );
}
