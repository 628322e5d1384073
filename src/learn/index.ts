// Learn's public entry: what other areas and the top of the application may use (lint: nothing else of
// learn/ may be imported from outside it). Market grants and revokes access with the enrolment use cases.
export { learnModule } from './learn.module.js';
export { enrolUsers, unenrol } from './enrolments/enrolments.service.js';
