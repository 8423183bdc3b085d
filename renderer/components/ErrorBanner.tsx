import type { ReactNode } from 'react';
import type { BerthError } from '../../shared/errors';

/** An error where the user looks: the headline first, technical detail one click away. */
export function ErrorBanner(props: {
  prefix?: string;
  error: Pick<BerthError, 'message' | 'detail'>;
  children?: ReactNode;
}) {
  const { prefix, error, children } = props;
  return (
    <div className="error-banner" role="alert">
      {prefix && `${prefix}: `}
      {error.message}
      {children && ' '}
      {children}
      {error.detail && (
        <details>
          <summary>Details</summary>
          <pre>{error.detail}</pre>
        </details>
      )}
    </div>
  );
}
