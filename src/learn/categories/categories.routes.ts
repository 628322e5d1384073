import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { categoryInput, categoryListView, categoryView, deleteCategoryResult } from './categories.contract.js';
import { categoriesPolicy } from './categories.policy.js';
import { categories, changeCategory, createCategory, deleteCategory } from './categories.service.js';

const idParams = z.object({ id: z.uuid() });
const TAGS = ['learn: courses'];

/** Course categories: listed for everyone on the site, kept by those who build courses. */
export function categoriesRoutes(deps: LearnDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const managers = allow(db, categoriesPolicy, 'manage');
  return async (app) => {
    app.get(
      '/api/learn/categories',
      {
        onRequest: allow(db, categoriesPolicy, 'view'),
        schema: { tags: TAGS, summary: 'Course categories of this site, each with its number of courses', response: { 200: categoryListView } },
      },
      async (request) => ({ categories: await runUseCase(db, requestContextOf(request), categories) }),
    );

    app.post(
      '/api/learn/categories',
      { onRequest: managers, schema: { tags: TAGS, summary: 'Add a course category', body: categoryInput, response: { 201: categoryView } } },
      async (request, reply) => reply.status(201).send(await runUseCase(db, requestContextOf(request), (useCase) => createCategory(useCase, request.body))),
    );

    app.patch(
      '/api/learn/categories/:id',
      { onRequest: managers, schema: { tags: TAGS, summary: 'Rename a course category', params: idParams, body: categoryInput, response: { 200: categoryView } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => changeCategory(useCase, request.params.id, request.body)),
    );

    app.delete(
      '/api/learn/categories/:id',
      {
        onRequest: managers,
        schema: { tags: TAGS, summary: 'Delete a course category (its courses stay, uncategorised)', params: idParams, response: { 200: deleteCategoryResult } },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => deleteCategory(useCase, request.params.id)),
    );
  };
}
