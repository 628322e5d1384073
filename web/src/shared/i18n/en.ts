// English UI texts. `de.ts` must have exactly the same keys and placeholders.
export const en = {
  app: {
    name: 'Lectern',
    loading: 'Loading…',
    close: 'Close',
    retry: 'Try again',
    loadFailed: 'This page could not be loaded.',
  },
  language: {
    button: 'Language: {{language}}',
    menuLabel: 'Choose language',
    en: 'English',
    de: 'Deutsch',
  },
  shell: {
    skipToContent: 'Skip to content',
    toggleNavigation: 'Show or hide navigation',
    mainNavigation: 'Main navigation',
    userMenu: 'Account: {{name}}',
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
    signOutFailed: 'Sign-out failed',
  },
  nav: {
    dashboard: 'Dashboard',
    myCourses: 'My courses',
    team: 'Team',
    users: 'Users',
    courses: 'Courses',
    reports: 'Reports',
    settings: 'Settings',
  },
  roles: {
    admin: 'Administrator',
    manager: 'Manager',
    instructor: 'Instructor',
    learner: 'Learner',
  },
  signIn: {
    title: 'Sign in',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    failed: 'Sign-in failed',
    sessionEnded: 'Your session has ended. Please sign in again.',
  },
  dashboard: {
    greeting: 'Welcome, {{firstName}}',
    admin: {
      subtitle: 'Administration',
      empty: 'There is nothing to show yet. Users, courses and reports will appear here once they are set up.',
    },
    manager: {
      subtitle: 'Your team',
      empty: 'There is nothing to show yet. The progress of your team will appear here once team members are enrolled in courses.',
    },
    instructor: {
      subtitle: 'Teaching',
      empty: 'There is nothing to show yet. The courses you look after will appear here once they are created.',
    },
    learner: {
      subtitle: 'Learning',
      empty: 'You are not enrolled in any course yet. Courses assigned to you will appear here.',
    },
  },
  comingSoon: {
    body: 'This part of Lectern is not available yet.',
    back: 'Back to the dashboard',
  },
  notFound: {
    title: 'Page not found',
    body: 'There is no page at this address, or it is not available to your account.',
    back: 'Back to the dashboard',
  },
  errors: {
    network: 'The server cannot be reached. Please check your connection and try again.',
    unexpected: 'Something went wrong (status {{status}}). Please try again.',
  },
};

export type Messages = typeof en;
