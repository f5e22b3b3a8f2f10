import { useEffect, useId, useRef, useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../../api.ts';
import { textField } from '../../../api.ts';
import { CatalogError } from './CatalogError.tsx';
import type { Installer } from './catalog.ts';
import { problemOf } from './catalog.ts';
import { ReleaseFields } from './ReleaseFields.tsx';
import { Sha256 } from './Sha256.tsx';
import { uploadInstaller } from './upload.ts';

/** A file name the server accepts, made from the chosen file's (spaces and the like become hyphens). */
function downloadName(name: string): string {
  return name.replace(/[^A-Za-z0-9._+()-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
}

/**
 * Uploads an installer with a progress bar (XMLHttpRequest: fetch has no upload progress), then
 * shows the SHA-256 the server computed of what it received, to compare with the vendor's own.
 */
export function UploadInstaller({
  productId,
  onAdded,
}: {
  productId: string;
  onAdded: (i: Installer) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [percent, setPercent] = useState<number | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<Installer | null>(null);
  const fileName = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLDivElement>(null);
  const u = (key: string) => t(`catalog.upload.${key}`);
  const busy = percent !== null && !done && !problem;
  // The SHA-256 is what the user came for: take them there once it is shown.
  useEffect(() => {
    if (done) result.current?.focus();
  }, [done]);

  const chosen = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    if (file && fileName.current) fileName.current.value = downloadName(file.name);
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return;
    setProblem(null);
    setDone(null);
    setPercent(0);
    try {
      const installer = await uploadInstaller(
        productId,
        {
          platform: textField(form, 'platform'),
          version: textField(form, 'version').trim(),
          fileName: textField(form, 'fileName').trim() || undefined,
        },
        file,
        (fraction) => setPercent(Math.round(fraction * 100)),
      );
      setDone(installer);
      form.reset();
      onAdded(installer);
    } catch (err) {
      setProblem(problemOf(err));
      setPercent(null);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{u('title')}</h2>
      <form onSubmit={(e) => void submit(e)} className="catalog-form">
        <label htmlFor={`${id}-file`}>{u('file')}</label>
        <input id={`${id}-file`} name="file" type="file" required onChange={chosen} />
        <ReleaseFields id={id} invalid={(pointer) => (problem?.pointer === pointer ? true : undefined)} />
        <label htmlFor={`${id}-name`}>{u('fileName')}</label>
        <input
          id={`${id}-name`}
          ref={fileName}
          name="fileName"
          maxLength={200}
          autoComplete="off"
          aria-invalid={problem?.pointer === '/fileName' || undefined}
          aria-describedby={`${id}-name-hint`}
        />
        <p id={`${id}-name-hint`} className="hint">
          {u('fileNameHint')}
        </p>
        <p className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {u('submit')}
          </button>
        </p>
      </form>
      {percent !== null && (
        <div className="upload-progress">
          <label htmlFor={`${id}-progress`}>{u('progress')}</label>
          <progress id={`${id}-progress`} max={100} value={percent} />
          <span className="meta">{t('catalog.upload.percent', { percent })}</span>
        </div>
      )}
      {/* Said once each: the bar speaks for itself while it moves. */}
      <p role="status" className="meta">
        {percent === 100 && !done && !problem ? u('checking') : ''}
      </p>
      {done && (
        <div ref={result} tabIndex={-1} className="upload-done">
          <p className="ok">{t('catalog.upload.done', { file: done.fileName })}</p>
          <Sha256 value={done.sha256} />
        </div>
      )}
      <CatalogError
        problem={problem}
        fields={{
          '/platform': u('platform'),
          '/version': u('version'),
          '/fileName': u('fileName'),
          '/sha256': 'SHA-256',
        }}
      />
    </section>
  );
}
