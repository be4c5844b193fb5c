import { Injectable } from '@nestjs/common';
import { AccountWithMember, NewAccount, UsersService } from '@app/users';
import { TokenPair, TokensService } from './tokens.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  async register(input: NewAccount): Promise<AccountWithMember & TokenPair> {
    const created = await this.users.register({ ...input, role: 'user' });
    return { ...created, ...this.issuePair(created.account) };
  }

  async login(username: string, password: string): Promise<TokenPair> {
    const account = await this.users.authenticate(username, password);
    return this.issuePair(account);
  }

  private issuePair(account: AccountWithMember['account']): TokenPair {
    return {
      access: this.tokens.signAccess(account),
      refresh: this.tokens.signRefresh(account.id),
    };
  }
}
