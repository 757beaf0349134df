import { subdomainDecider } from '../../src/domain/registry/subdomain-registry';
import { specFor } from './given';

const given = specFor(subdomainDecider);
const reserve = { type: 'ReserveSubdomain' as const, data: { subdomain: 'pho24', tenantId: 't_1' } };

describe('Subdomain registry', () => {
  it('a free subdomain is reserved for the tenant', () => given([]).when(reserve).then([{ type: 'SubdomainReserved', data: reserve.data }]));
  it('a reserved subdomain is taken', () =>
    given([{ type: 'SubdomainReserved', data: reserve.data }]).when({ ...reserve, data: { ...reserve.data, tenantId: 't_2' } }).thenThrows('SUBDOMAIN_TAKEN'));
});
