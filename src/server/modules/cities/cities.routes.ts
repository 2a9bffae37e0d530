import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import {
  followCitySchema,
  getCitySchema,
  listCitiesSchema,
  listCityResidentsSchema,
  listCityVisitorsSchema,
  unfollowCitySchema,
} from './cities.schema.ts';
import type { CitiesService } from './cities.service.ts';

/** City communities: every city dancers name in their profiles, its residents and its visitors. */
export const citiesRoutes: FastifyPluginAsyncZod<{ cities: CitiesService }> = async (app, { cities }) => {
  app.get('/cities', { schema: listCitiesSchema, config: { auth: 'optional' } }, async (req) => {
    const page = await cities.listCities(req.actor?.userId ?? null, req.query);
    return { data: page.items, meta: page.meta };
  });

  app.get('/cities/:slug', { schema: getCitySchema, config: { auth: 'optional' } }, async (req) => ({
    data: await cities.getCity(req.actor?.userId ?? null, req.params.slug),
  }));

  app.put(
    '/cities/:slug/follow',
    { schema: followCitySchema, config: { auth: 'required' } },
    async (req) => ({
      data: await cities.followCity(actorOf(req), req.params.slug),
    }),
  );

  app.delete(
    '/cities/:slug/follow',
    { schema: unfollowCitySchema, config: { auth: 'required' } },
    async (req) => ({ data: await cities.unfollowCity(actorOf(req), req.params.slug) }),
  );

  app.get(
    '/cities/:slug/residents',
    { schema: listCityResidentsSchema, config: { auth: 'optional' } },
    async (req) => {
      const page = await cities.listResidents(req.actor?.userId ?? null, req.params.slug, req.query);
      return { data: page.items, meta: page.meta };
    },
  );

  app.get(
    '/cities/:slug/visitors',
    { schema: listCityVisitorsSchema, config: { auth: 'optional' } },
    async (req) => {
      const page = await cities.listVisitors(req.actor?.userId ?? null, req.params.slug, req.query);
      return { data: page.items, meta: page.meta };
    },
  );
};
