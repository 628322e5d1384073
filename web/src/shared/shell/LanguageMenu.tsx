import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n';
import { LANGUAGES } from '../i18n/languages';
import { Chevron } from '../ui/Chevron';
import classes from './shell.module.css';

export function LanguageMenu() {
  const { t } = useTranslation();
  const language = currentLanguage();

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="sm"
          // The visible code comes first in the name (WCAG 2.5.3: what is seen is what a voice user says).
          aria-label={t('language.button', { code: language.toUpperCase(), language: t(`language.${language}`) })}
          rightSection={<Chevron />}
        >
          {language.toUpperCase()}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.menuLabel')}</Menu.Label>
        {LANGUAGES.map((lng) => (
          <Menu.Item
            key={lng}
            lang={lng}
            onClick={() => void setLanguage(lng)}
            leftSection={
              <span aria-hidden className={classes.check}>
                {lng === language ? '✓' : ''}
              </span>
            }
            aria-current={lng === language ? 'true' : undefined}
          >
            {t(`language.${lng}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
