import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/AuthContext';
import { Chevron } from '../ui/Chevron';
import classes from './shell.module.css';

interface UserMenuProps {
  onSignOut: () => void;
}

export function UserMenu({ onSignOut }: UserMenuProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  const name = `${user.firstName} ${user.lastName}`.trim() || user.email;
  const initials = `${user.firstName.charAt(0)}${user.lastName.charAt(0)}`.toUpperCase() || '?';

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton className={classes.userButton} aria-label={t('shell.userMenu', { name })}>
          <Group gap="xs" wrap="nowrap">
            {/* The initials are drawn, not text: the button's name is the name it shows (WCAG 2.5.3). */}
            <Avatar size="sm" color="blue" radius="xl" aria-hidden>
              <span className={classes.initials} data-initials={initials} />
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {name}
            </Text>
            <Chevron />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('shell.signedInAs')}</Menu.Label>
        <div className={classes.userSummary}>
          <Text size="sm" fw={500}>
            {name}
          </Text>
          <Text size="xs" c="dimmed">
            {user.email}
          </Text>
          <Text size="xs" c="dimmed">
            {user.roles.map((role) => t(`roles.${role}`)).join(', ')}
          </Text>
        </div>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account">
          {t('shell.myAccount')}
        </Menu.Item>
        <Menu.Item onClick={onSignOut}>{t('shell.signOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
