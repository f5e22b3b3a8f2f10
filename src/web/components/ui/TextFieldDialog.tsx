import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FieldError, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { textField } from '../../api.ts';
import { Dialog, DialogTrigger } from './Dialog.tsx';

export interface TextFieldDialogProps {
  /** The opening button's text. */
  trigger: string;
  title: string;
  label: string;
  /** A hint under the label, e.g. what an empty field means. */
  description?: string;
  initialValue: string;
  /** Whether an empty (or only blank) value is refused; when it is not, '' is a valid answer. */
  required?: boolean;
  /** The most characters the server accepts, after trimming. */
  maxLength: number;
  /** The new value, trimmed; only called when it differs from the initial one. */
  onSave: (value: string) => unknown;
}

/**
 * A button that asks for one line of text in a dialog, in place of the browser's `prompt()`:
 * labelled, checked before it is sent (not blank when required, not too long) with the reason
 * under the field, Save and Cancel. Escape cancels.
 */
export function TextFieldDialog(props: TextFieldDialogProps) {
  const { trigger, title, label, description, initialValue, required = true, maxLength, onSave } = props;
  const { t } = useTranslation();
  const validate = (value: string) => {
    const trimmed = value.trim();
    if (required && !trimmed) return t('dialogs.required');
    if (trimmed.length > maxLength) return t('dialogs.tooLong', { count: maxLength });
    return null;
  };
  return (
    <DialogTrigger>
      <Button>{trigger}</Button>
      <Dialog title={title}>
        {(close) => {
          const submit = (e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            const value = textField(e.currentTarget, 'value').trim();
            close();
            if (value !== initialValue.trim()) onSave(value);
          };
          return (
            <Form onSubmit={submit}>
              <TextField
                name="value"
                defaultValue={initialValue}
                isRequired={required}
                validate={validate}
                autoFocus
                className="dialog-field"
              >
                <Label>{label}</Label>
                {description && (
                  <Text slot="description" className="dialog-hint">
                    {description}
                  </Text>
                )}
                <Input />
                <FieldError className="dialog-error" />
              </TextField>
              <div className="dialog-actions">
                <Button onPress={close}>{t('dialogs.cancel')}</Button>
                <Button type="submit" className="primary">
                  {t('dialogs.save')}
                </Button>
              </div>
            </Form>
          );
        }}
      </Dialog>
    </DialogTrigger>
  );
}
