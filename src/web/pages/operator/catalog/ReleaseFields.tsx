import { useTranslation } from 'react-i18next';
import { platformName } from '../../../components/Platform.tsx';
import { PLATFORMS } from './catalog.ts';

/**
 * The platform and version of a release: the same two fields in the upload form and the
 * vendor's-URL form, marked invalid where the server's problem points at them.
 */
export function ReleaseFields({
  id,
  invalid,
}: {
  id: string;
  invalid: (pointer: string) => true | undefined;
}) {
  const { t } = useTranslation();
  const u = (key: string) => t(`catalog.upload.${key}`);
  return (
    <>
      <label htmlFor={`${id}-platform`}>{u('platform')}</label>
      <select
        id={`${id}-platform`}
        name="platform"
        required
        defaultValue=""
        aria-invalid={invalid('/platform')}
      >
        <option value="" disabled>
          {u('choosePlatform')}
        </option>
        {PLATFORMS.map((p) => (
          <option key={p} value={p}>
            {platformName(p)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-version`}>{u('version')}</label>
      <input
        id={`${id}-version`}
        name="version"
        required
        maxLength={50}
        autoComplete="off"
        aria-invalid={invalid('/version')}
        aria-describedby={`${id}-version-hint`}
      />
      <p id={`${id}-version-hint`} className="hint">
        {u('versionHint')}
      </p>
    </>
  );
}
